package dev.signet.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.LocalFiles;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.client.ClientSettings;
import dev.signet.cli.client.NativeApiClient;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin account create}: {@code POST /v1/accounts}. Prints the new account's id, its
 * administrator's ARN and access key; the secret is shown once, here, or written as a profile into
 * a credentials file ({@code --credentials-out}), which is checked before the account is created
 * so that a secret is never made that cannot be kept.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Create an account: a new random 12-digit id, its administrator (arn:aws:iam::ID:user/admin) and the"
                    + " administrator's access key.",
            "The secret access key is shown once: on standard output, or, with --credentials-out, only in that"
                    + " file (AWS credentials-file format, owner-only), as the profile --profile-name names."
        })
public final class AccountCreateCommand implements Callable<Integer> {
    static final String PATH = "/v1/accounts";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The account's name: 1-50 printable ASCII characters (default: its id).")
    String name;

    @Option(
            names = "--credentials-out",
            paramLabel = "FILE",
            description =
                    "Add the administrator's key to this credentials file (created if absent; other profiles kept).")
    Path credentialsOut;

    @Option(
            names = "--profile-name",
            paramLabel = "P",
            description =
                    "The profile to add to --credentials-out (default: signet-ACCOUNT_ID); an existing profile is never replaced.")
    String profileName;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        GlobalOptions global = SignetCommand.global(spec);
        if (profileName != null && credentialsOut == null) {
            throw CliException.usage("--profile-name names a profile of --credentials-out FILE; give the file too");
        }
        if (profileName != null && !validProfile(profileName)) {
            throw CliException.usage("--profile-name must be a profile name without spaces, brackets or line breaks");
        }
        Optional<Path> file =
                Optional.ofNullable(credentialsOut).map(p -> LocalFiles.requireWritable(context.resolve(p)));
        if (file.isPresent() && profileName != null) {
            refuseExistingProfile(file.get(), profileName);
        }
        ClientSettings settings = global.client().settings(context);
        Map<String, Object> request = new LinkedHashMap<>();
        if (name != null) {
            request.put("name", name);
        }
        JsonNode created = new NativeApiClient(settings).post(PATH, request);
        String accountId = created.path("accountId").asText();
        JsonNode admin = created.path("administrator");
        AccessKey key = new AccessKey(
                admin.path("accessKeyId").asText(),
                admin.path("secretAccessKey").asText());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accountId", accountId);
        out.put("name", created.path("name").asText());
        out.put("administratorArn", admin.path("arn").asText());
        out.put("accessKeyId", key.id());
        if (file.isPresent()) {
            String profile = profileName != null ? profileName : "signet-" + accountId;
            write(context, file.get(), profile, key, settings.region(), accountId);
            out.put("credentialsFile", file.get().toString());
            out.put("profile", profile);
        } else {
            out.put("secretAccessKey", key.secret());
        }
        global.output().print(context.out(), out, () -> {
            context.out().println("account:           " + accountId + " (" + out.get("name") + ")");
            context.out().println("administrator:     " + out.get("administratorArn"));
            context.out().println("access key id:     " + key.id());
            if (file.isPresent()) {
                context.out().println("written to:        " + file.get() + " [" + out.get("profile") + "]");
            } else {
                context.out().println("secret access key: " + key.secret() + "  (shown once: keep it now)");
            }
        });
        return ExitCode.OK;
    }

    /** Adds the profile; a profile that appeared meanwhile gets the secret on standard error instead of being lost. */
    private static void write(
            CliContext context, Path file, String profile, AccessKey key, String region, String account) {
        boolean added;
        try {
            added = CredentialsFile.addAccessKey(file, profile, key, region);
        } catch (IOException | IllegalArgumentException e) {
            added = false;
        }
        if (!added) {
            context.err()
                    .println("could not add [" + profile + "] to " + file + "; account " + account
                            + "'s administrator key is " + key.id() + " with secret " + key.secret() + " (shown once)");
            throw new CliException(
                    ExitCode.USAGE,
                    "account " + account + " was created, but " + file + " could not take the profile " + profile);
        }
    }

    private static void refuseExistingProfile(Path file, String profile) {
        try {
            if (CredentialsFile.read(file).map(f -> f.hasProfile(profile)).orElse(false)) {
                throw CliException.usage(file + " already has a profile [" + profile + "]; it is never replaced:"
                        + " choose another --profile-name");
            }
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static boolean validProfile(String profile) {
        return !profile.isEmpty()
                && profile.length() <= 64
                && profile.chars().allMatch(c -> c > ' ' && c < 127 && c != '[' && c != ']')
                && !profile.equals("DEFAULT");
    }
}
