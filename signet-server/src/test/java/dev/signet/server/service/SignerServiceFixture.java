package dev.signet.server.service;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.server.service.profile.ProfileKeyIssuer;
import dev.signet.server.service.profile.SigningProfileService;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.JdbiProfileRepository;
import dev.signet.server.store.signer.JdbiSignerSecrets;
import java.nio.file.Path;
import java.time.Clock;

/** Real keys, CA, platforms and database under one directory, for signer service tests. */
public final class SignerServiceFixture {
    public static final Caller ADMIN =
            new Caller("AKIDEXAMPLE", "arn:aws:iam::000000000000:user/admin", "000000000000");
    public static final Caller STRANGER =
            new Caller("AKIDOTHER", "arn:aws:iam::111111111111:user/other", "111111111111");

    public final Database database;
    public final KeyBackend keys;
    public final CertificateAuthority ca;
    public final PlatformRegistry platforms = PlatformRegistry.builtIn();
    public final Arns arns = Arns.defaults();
    public final Clock clock = Clock.systemUTC();
    public final PageTokens pageTokens;
    public final ProfileKeyIssuer issuer;
    public final JdbiProfileRepository profileRepository;
    public final SigningProfileService profiles;

    public SignerServiceFixture(Database database, Path dir) {
        this.database = database;
        this.keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        this.ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet Test");
        this.pageTokens = new PageTokens(JdbiSignerSecrets.loadOrCreate(database, "page-token-key"));
        this.issuer = new ProfileKeyIssuer(keys, ca);
        this.profileRepository = new JdbiProfileRepository(database);
        this.profiles = new SigningProfileService(profileRepository, platforms, issuer, arns, pageTokens, clock);
    }
}
