package dev.signet.cli.profile;

import dev.signet.cli.client.ProfileView;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** How profiles look in {@code --output text}. */
final class ProfileText {
    private ProfileText() {}

    static void details(PrintWriter out, ProfileView p) {
        row(out, "name", Optional.of(p.name()));
        row(out, "arn", p.arn());
        row(out, "version", p.version());
        row(out, "versionArn", p.versionArn());
        row(out, "platform", p.platformId());
        row(out, "status", p.status());
        row(out, "statusReason", p.statusReason());
        row(out, "validity", p.validity());
    }

    static void table(PrintWriter out, List<ProfileView> profiles) {
        String format = "%-40s %-10s %-8s %s%n";
        out.printf(format, "NAME", "VERSION", "STATUS", "PLATFORM");
        for (ProfileView p : profiles) {
            out.printf(
                    format,
                    p.name(),
                    p.version().orElse("-"),
                    p.status().orElse("-"),
                    p.platformId().orElse("-"));
        }
    }

    private static void row(PrintWriter out, String label, Optional<String> value) {
        value.ifPresent(v -> out.printf("%-13s %s%n", label + ":", v));
    }
}
