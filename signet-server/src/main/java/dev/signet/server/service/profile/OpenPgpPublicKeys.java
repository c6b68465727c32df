package dev.signet.server.service.profile;

import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.openpgp.OpenPgpFormat;
import dev.signet.core.format.openpgp.OpenPgpKeys;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;

/**
 * The OpenPGP public keys of Signet-OpenPGP-SHA256 profile versions, for {@code gpg --import}. A key
 * is derived from its version's certificate with the certificate's notBefore as creation time, so
 * the same version always gives the same key and fingerprint. Public information: a public key is
 * what verifiers need.
 */
public final class OpenPgpPublicKeys {
    private final ProfileRepository profiles;
    private final ProfileKeyIssuer keys;

    public OpenPgpPublicKeys(ProfileRepository profiles, ProfileKeyIssuer keys) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The armored public key of a profile version; empty, alike, when no such version exists and when
     * it signs with another format, so a caller cannot tell which profiles exist.
     */
    public Optional<String> armoredKey(String ownerAccount, String profileName, String profileVersion)
            throws PGPException {
        Optional<SigningProfile> profile = profiles.findVersion(ownerAccount, profileName, profileVersion)
                .filter(p -> SignatureFormats.forPlatform(p.platformId())
                        .filter(f -> f.id().equals(OpenPgpFormat.ID))
                        .isPresent());
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(OpenPgpKeys.armoredPublicKey(keys.signingKey(profile.get())));
    }
}
