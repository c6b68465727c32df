package dev.signet.server.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code openssl cms -verify -binary -purpose any -inform DER} on a detached signature. The
 * tool must be installed: a missing openssl fails the test rather than skipping it.
 */
public final class OpensslCms {
    private OpensslCms() {}

    /** The result of one verification: exit code and combined output. */
    public record Result(int exitCode, String output) {
        public boolean verified() {
            return exitCode == 0;
        }
    }

    public static Result verify(Path content, byte[] derSignature, Path rootPem) {
        try {
            Path dir = Files.createTempDirectory("openssl-cms");
            Path signature = Files.write(dir.resolve("signature.p7s"), derSignature);
            Path log = dir.resolve("out.txt");
            Process process = new ProcessBuilder(List.of(
                            "openssl",
                            "cms",
                            "-verify",
                            "-binary",
                            "-purpose",
                            "any",
                            "-inform",
                            "DER",
                            "-CAfile",
                            rootPem.toString(),
                            "-in",
                            signature.toString(),
                            "-content",
                            content.toString(),
                            "-out",
                            dir.resolve("content.out").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl cms -verify did not finish within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A copy of {@code file} with the byte at {@code index} inverted. */
    public static Path flipByte(Path file, int index) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[index] ^= (byte) 0xff;
        return Files.write(file.resolveSibling(file.getFileName() + ".tampered"), bytes);
    }
}
