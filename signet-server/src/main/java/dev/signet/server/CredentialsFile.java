package dev.signet.server;

import dev.signet.server.service.principals.IssuedAccessKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bootstrap admin's access key in AWS credentials-file format under the profile {@code signet},
 * readable only by its owner (0600), written atomically.
 */
public final class CredentialsFile {
    public static final String FILE_NAME = "credentials";
    public static final String PROFILE = "signet";

    private CredentialsFile() {}

    static void write(Path file, IssuedAccessKey key, String region) throws IOException {
        String text = "[" + PROFILE + "]\n"
                + "aws_access_key_id = " + key.accessKeyId() + "\n"
                + "aws_secret_access_key = " + key.secretAccessKey() + "\n"
                + "region = " + region + "\n";
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The key of the {@code [signet]} profile, if the file has one. */
    public static Optional<IssuedAccessKey> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        boolean inProfile = false;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inProfile = line.equals("[" + PROFILE + "]");
            } else if (inProfile && line.contains("=")) {
                int eq = line.indexOf('=');
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        String id = values.get("aws_access_key_id");
        String secret = values.get("aws_secret_access_key");
        return id == null || secret == null ? Optional.empty() : Optional.of(new IssuedAccessKey(id, secret));
    }
}
