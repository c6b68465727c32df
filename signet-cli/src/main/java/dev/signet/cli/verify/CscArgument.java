package dev.signet.cli.verify;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.LocalFiles;
import dev.signet.core.verify.CodeSigningPolicy;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code --csc} names: a Lambda code signing config ARN (looked up by the server), or a policy
 * file in Lambda's JSON shapes (e.g. the output of {@code aws lambda get-code-signing-config}).
 * Exactly one of the two is present.
 */
record CscArgument(Optional<String> arn, Optional<Path> file) {
    static final int MAX_POLICY_BYTES = 1 << 20;

    CscArgument {
        if (arn.isPresent() == file.isPresent()) {
            throw new IllegalArgumentException("a --csc value is an ARN or a file");
        }
    }

    /** An {@code arn:} value is an ARN; anything else must be an existing policy file. */
    static CscArgument parse(CliContext context, String value) {
        String v = value.strip();
        if (v.startsWith("arn:")) {
            return new CscArgument(Optional.of(v), Optional.empty());
        }
        Path path;
        try {
            path = context.resolve(Path.of(v));
        } catch (InvalidPathException e) {
            throw CliException.usage("--csc " + v + ": neither a code signing config ARN nor a file name");
        }
        if (!Files.exists(path)) {
            throw CliException.usage(
                    "--csc " + v + ": not a code signing config ARN (arn:aws:lambda:...)" + " and no such policy file");
        }
        return new CscArgument(Optional.empty(), Optional.of(LocalFiles.requireReadable(path, "policy file")));
    }

    /**
     * The policy the file holds, as signet-core reads it.
     *
     * @throws CliException (usage) when the file is unreadable or not a policy
     */
    CodeSigningPolicy policy() {
        Path path = file.orElseThrow(() -> new IllegalStateException("an ARN names no local policy"));
        byte[] json = LocalFiles.readSmall(path, "policy file", MAX_POLICY_BYTES);
        try {
            return CodeSigningPolicy.parseJson(json);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("policy file " + path + ": " + e.getMessage());
        }
    }
}
