package dev.signet.cli.sign;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.client.PayloadSigningClient;
import dev.signet.cli.client.SignedPayload;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.FormatException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Signs one file of a platform with a {@link ClientSigning} (Lambda, IoT, OpenPGP, JAR, Authenticode): the format's
 * client half reads and hashes the file here, SignPayload sends only what it prepared (the digest
 * and the fields the format signs; for OpenPGP also the file's last {@code size mod 64} bytes), and the output is written by the client half from the server's
 * answer once it checked that answer. The output's temporary file is open before the file is read, so
 * that a format embedding the artifact copies it there in the one read that hashes it. A file the platform cannot sign is a usage error naming why,
 * before anything is sent; an answer that does not sign the file is the server's failure, and
 * nothing is written for it.
 */
final class ClientSideSigner implements BatchSigner.OutputSigner {
    private final ClientSigning signing;
    private final String platformId;
    private final PayloadSigningClient api;
    private final String profile;
    private final boolean progress;
    private final PrintStream err;

    ClientSideSigner(
            ClientSigning signing,
            String platformId,
            PayloadSigningClient api,
            String profile,
            boolean progress,
            PrintStream err) {
        this.signing = Objects.requireNonNull(signing, "signing");
        this.platformId = Objects.requireNonNull(platformId, "platformId");
        this.api = Objects.requireNonNull(api, "api");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.progress = progress;
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public SignedPayload sign(Path artifact, FileChannel output) {
        ClientSigning.Prepared prepared;
        try (HashProgress shown = HashProgress.open(artifact, progress, FileHasher.PROGRESS_THRESHOLD, err)) {
            prepared = signing.prepare(platformId, artifact, shown, output);
        } catch (FormatException e) {
            throw CliException.usage("cannot sign " + artifact + " on " + platformId + ": " + e.getMessage());
        }
        SignedPayload signed = api.signPayload(profile, prepared.payload(), signing.payloadFormat(platformId));
        try {
            prepared.finish(signed.signature(), output);
        } catch (FormatException e) {
            throw new CliException(
                    ExitCode.UNAVAILABLE, "job " + signed.jobId() + " for " + artifact + ": " + e.getMessage(), e);
        }
        return signed;
    }
}
