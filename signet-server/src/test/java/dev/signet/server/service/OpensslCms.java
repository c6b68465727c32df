package dev.signet.server.service;

import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@code openssl cms -verify -binary -purpose any -inform DER} on a detached signature held in
 * memory (through signet-core's {@link Openssl}: bounded, and a missing openssl fails the test
 * rather than skipping it).
 */
public final class OpensslCms {
    private OpensslCms() {}

    /** Verifies {@code derSignature} over {@code content}, trusting {@code rootPem}. */
    public static Processes.Result verify(Path content, byte[] derSignature, Path rootPem) throws IOException {
        Path dir = Files.createTempDirectory("openssl-cms");
        try {
            Path signature = Files.write(dir.resolve("signature.p7s"), derSignature);
            return Openssl.cmsVerify(signature, content, rootPem);
        } finally {
            Files.deleteIfExists(dir.resolve("signature.p7s"));
            Files.delete(dir);
        }
    }

    /** A copy of {@code file} with the byte at {@code index} inverted. */
    public static Path flipByte(Path file, int index) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[index] ^= (byte) 0xff;
        return Files.write(file.resolveSibling(file.getFileName() + ".tampered"), bytes);
    }
}
