package dev.signet.cli.server;

import dev.signet.server.ServerContext;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.certificate.CertificateRoutes;
import dev.signet.server.http.lambda.LambdaRoutes;
import dev.signet.server.http.revocation.TrustBundleRoutes;
import dev.signet.server.http.s3.S3Routes;
import dev.signet.server.http.signer.SignerRoutes;
import dev.signet.server.http.verify.VerifyRoutes;
import java.util.List;
import java.util.function.Function;

/**
 * The AWS services one {@code signet server} serves at its endpoint: Signer, the S3 object store and
 * Lambda's code-signing-config operations, plus the authenticated native API (SigV4 service
 * {@code signet}: certificate import, the trust bundle, the deploy gate {@code POST /v1/verify}).
 */
public final class ServerServices {
    private ServerServices() {}

    public static List<Function<ServerContext, AwsProtocolService>> all() {
        return List.of(
                SignerRoutes::new,
                S3Routes::new,
                LambdaRoutes::new,
                NativeApi.with(CertificateRoutes::new, TrustBundleRoutes::new, VerifyRoutes::new));
    }
}
