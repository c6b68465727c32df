package dev.signet.cli.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A signing profile as the CLI shows it; fields the server left out are empty. */
public record ProfileView(
        String name,
        Optional<String> arn,
        Optional<String> version,
        Optional<String> versionArn,
        Optional<String> platformId,
        Optional<String> platformDisplayName,
        Optional<String> status,
        Optional<String> statusReason,
        Optional<Integer> validityValue,
        Optional<String> validityType) {
    public ProfileView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(versionArn, "versionArn");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(platformDisplayName, "platformDisplayName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(validityValue, "validityValue");
        Objects.requireNonNull(validityType, "validityType");
    }

    /** The signature validity as {@code 135 MONTHS}, if known. */
    public Optional<String> validity() {
        return validityValue.flatMap(v -> validityType.map(t -> v + " " + t));
    }

    /** The fields that are present, in AWS's names, for {@code --output json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profileName", name);
        arn.ifPresent(v -> m.put("arn", v));
        version.ifPresent(v -> m.put("profileVersion", v));
        versionArn.ifPresent(v -> m.put("profileVersionArn", v));
        platformId.ifPresent(v -> m.put("platformId", v));
        platformDisplayName.ifPresent(v -> m.put("platformDisplayName", v));
        status.ifPresent(v -> m.put("status", v));
        statusReason.ifPresent(v -> m.put("statusReason", v));
        validityValue.ifPresent(v -> {
            Map<String, Object> period = new LinkedHashMap<>();
            period.put("value", v);
            validityType.ifPresent(t -> period.put("type", t));
            m.put("signatureValidityPeriod", period);
        });
        return m;
    }
}
