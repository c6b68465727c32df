package dev.signet.server.service.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.revocation.ImportedAnchor;
import dev.signet.core.revocation.RevokedProfileVersion;
import dev.signet.core.revocation.RevokedSignature;
import dev.signet.server.service.Arns;
import dev.signet.server.service.CertificatePem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link TrustMaterial} turns stored records into roots, bindings and the revocation list:
 * in-memory records over real certificate authorities (the Signet CA and two "customer" PKIs whose
 * chains are imported).
 */
class TrustMaterialTest {
    static final Instant NOW = Instant.parse("2026-11-27T08:00:00.123456Z");
    static final Arns ARNS = Arns.defaults();
    static final String ID_A = "aa".repeat(32);
    static final String ID_B = "bb".repeat(32);

    @TempDir
    Path dir;

    SoftwareKeyBackend keys;
    CertificateAuthority signet;
    CertificateAuthority acme;
    CertificateAuthority other;
    List<TrustRecords.RevokedJob> revokedJobs;
    List<TrustRecords.ImportedChain> imported;
    List<TrustRecords.CertificateUse> uses;
    List<TrustRecords.ExternalChain> external;
    List<ProfileRevocation> profileRevocations;
    List<TrustRecords.SparedSignature> spared;
    Set<String> askedPlatforms;

    @BeforeEach
    void setUp() {
        keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        signet = CertificateAuthority.openOrCreate(dir.resolve("signet"), keys, "Signet");
        acme = CertificateAuthority.openOrCreate(dir.resolve("acme"), keys, "Acme");
        other = CertificateAuthority.openOrCreate(dir.resolve("other"), keys, "Other");
        revokedJobs = new ArrayList<>();
        imported = new ArrayList<>();
        uses = new ArrayList<>();
        external = new ArrayList<>();
        profileRevocations = new ArrayList<>();
        spared = new ArrayList<>();
    }

    X509Certificate leaf(CertificateAuthority ca, String name) {
        KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P256);
        return ca.issueCodeSigning(
                keys.publicKey(key), name, "urn:test:" + name, NOW.minusSeconds(3600), NOW.plusSeconds(86400));
    }

    TrustMaterial material() {
        TrustRecords records = new TrustRecords() {
            @Override
            public List<RevokedJob> revokedJobs() {
                return revokedJobs;
            }

            @Override
            public List<ImportedChain> importedCertificates() {
                return imported;
            }

            @Override
            public List<CertificateUse> certificateUses() {
                return uses;
            }

            @Override
            public List<ExternalChain> externalChains() {
                return external;
            }

            @Override
            public List<SparedSignature> sparedSignatures(Set<String> platformIds) {
                askedPlatforms = platformIds;
                return spared;
            }

            @Override
            public ChangeMarker changeMarker() {
                throw new UnsupportedOperationException();
            }
        };
        ProfileRevocationRepository revocations = new ProfileRevocationRepository() {
            @Override
            public boolean revoke(ProfileRevocation revocation) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean moveEffectiveTimeEarlier(String owner, String name, String version, Instant effective) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<ProfileRevocation> find(String owner, String name, String version) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ProfileRevocation> all() {
                return profileRevocations;
            }
        };
        return TrustMaterial.from(
                signet,
                records,
                revocations,
                List.of(signet.issuing()),
                ARNS,
                Clock.fixed(NOW, ZoneOffset.UTC),
                Set.of("AmazonFreeRTOS-Default"));
    }

    @Test
    void withNothingStoredTheSignetRootAloneIsTrustedAndNothingIsRevoked() {
        TrustMaterial material = material();

        assertThat(material.trustedRoots()).containsExactly(signet.root());
        assertThat(material.timestampChain()).containsExactly(signet.issuing());
        assertThat(material.importedCertificates()).isEmpty();
        assertThat(material.revocationList().signatures()).isEmpty();
        assertThat(material.revocationList().profileVersions()).isEmpty();
        assertThat(material.unlistedRevokedJobArns()).isEmpty();
    }

    @Test
    void theListIsIssuedAtTheServiceClocksNowAndCurrentForSevenDays() {
        TrustMaterial material = material();

        Instant issued = Instant.parse("2026-11-27T08:00:00.123Z");
        assertThat(material.revocationList().issuedAt()).isEqualTo(issued);
        assertThat(material.revocationList().nextUpdate()).isEqualTo(issued.plus(TrustMaterial.NEXT_UPDATE));
        assertThat(TrustMaterial.NEXT_UPDATE).hasDays(7);
    }

    @Test
    void importedRootsAreNeverTrustedForEveryCertificate() {
        X509Certificate one = leaf(acme, "one");
        X509Certificate partial = leaf(other, "partial");
        imported.add(chain("acme-1", acme.chainOf(one)));
        imported.add(chain("acme-2", acme.chainOf(leaf(acme, "two"))));
        imported.add(chain("no-root", List.of(partial, other.issuing())));
        imported.add(new TrustRecords.ImportedChain(
                "corrupt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
        imported.add(new TrustRecords.ImportedChain("garbage", "not a PEM at all"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "acme-1", "iot", "AAAAAAAAAA"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "no-root", "partial", "BBBBBBBBBB"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "corrupt", "bad", "CCCCCCCCCC"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "garbage", "bad", "DDDDDDDDDD"));

        TrustMaterial material = material();

        assertThat(material.trustedRoots()).containsExactly(signet.root());
        assertThat(material.importedCertificates())
                .extracting(ImportedAnchor::certificateSha256, ImportedAnchor::roots)
                .containsExactlyInAnyOrder(
                        tuple(ImportedTrust.fingerprint(one), List.of(acme.root())),
                        // a chain that ends in no self-signed root brings no root
                        tuple(ImportedTrust.fingerprint(partial), List.of()));
    }

    @Test
    void importedLeavesAreBoundByFingerprintToTheVersionsThatUseThem() {
        X509Certificate used = leaf(acme, "used");
        imported.add(chain("arn:acm:used", acme.chainOf(used)));
        imported.add(chain("arn:acm:unused", acme.chainOf(leaf(acme, "unused"))));
        imported.add(new TrustRecords.ImportedChain("arn:acm:corrupt", "junk"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "arn:acm:used", "iot", "AAAAAAAAAA"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "arn:acm:used", "iot", "BBBBBBBBBB"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "arn:acm:used", "iot2", "CCCCCCCCCC"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "arn:acm:corrupt", "bad", "DDDDDDDDDD"));
        uses.add(new TrustRecords.CertificateUse("000000000000", "arn:acm:deleted", "gone", "EEEEEEEEEE"));

        List<ImportedAnchor> anchors = material().importedCertificates();

        assertThat(anchors)
                .containsExactly(new ImportedAnchor(
                        ImportedTrust.fingerprint(used),
                        Set.of(
                                ARNS.signingProfileVersion("iot", "AAAAAAAAAA"),
                                ARNS.signingProfileVersion("iot", "BBBBBBBBBB"),
                                ARNS.signingProfileVersion("iot2", "CCCCCCCCCC")),
                        List.of(acme.root())));
        assertThat(ImportedTrust.fingerprint(used)).matches("[0-9a-f]{64}");
    }

    @Test
    void installedExternalChainsBindTheirLeafToTheirVersionAndTheirRootToThatLeafAlone() {
        X509Certificate first = leaf(acme, "release");
        X509Certificate renewed = leaf(acme, "release");
        external.add(new TrustRecords.ExternalChain(
                "000000000000", "release", "AAAAAAAAAA", CertificatePem.encode(acme.chainOf(first))));
        external.add(new TrustRecords.ExternalChain(
                "000000000000", "release", "BBBBBBBBBB", CertificatePem.encode(acme.chainOf(renewed))));
        external.add(new TrustRecords.ExternalChain("000000000000", "broken", "CCCCCCCCCC", "junk"));

        TrustMaterial material = material();

        assertThat(material.trustedRoots()).containsExactly(signet.root());
        assertThat(material.importedCertificates())
                .containsExactlyInAnyOrder(
                        new ImportedAnchor(
                                ImportedTrust.fingerprint(first),
                                Set.of(ARNS.signingProfileVersion("release", "AAAAAAAAAA")),
                                List.of(acme.root())),
                        new ImportedAnchor(
                                ImportedTrust.fingerprint(renewed),
                                Set.of(ARNS.signingProfileVersion("release", "BBBBBBBBBB")),
                                List.of(acme.root())));
    }

    @Test
    void revokedJobsAreListedByTheirSignatureIdAndJobsWithoutOneAreReportedApart() {
        Instant t1 = Instant.parse("2026-11-01T00:00:00Z");
        Instant t2 = Instant.parse("2026-11-02T00:00:00Z");
        revokedJobs.add(new TrustRecords.RevokedJob(
                "000000000000", "22222222-2222-2222-2222-222222222222", Optional.of(ID_B), t2));
        revokedJobs.add(new TrustRecords.RevokedJob(
                "000000000000", "11111111-1111-1111-1111-111111111111", Optional.of(ID_A), t1));
        revokedJobs.add(new TrustRecords.RevokedJob(
                "000000000000", "33333333-3333-3333-3333-333333333333", Optional.empty(), t1));

        TrustMaterial material = material();

        assertThat(material.revocationList().signatures())
                .containsExactly(
                        new RevokedSignature(ID_A, ARNS.signingJob("11111111-1111-1111-1111-111111111111"), t1),
                        new RevokedSignature(ID_B, ARNS.signingJob("22222222-2222-2222-2222-222222222222"), t2));
        assertThat(material.unlistedRevokedJobArns())
                .containsExactly(ARNS.signingJob("33333333-3333-3333-3333-333333333333"));
    }

    @Test
    void revocationsOfAnotherAccountAreNamedByThatAccountsArns() {
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        String other = "111111111111";
        revokedJobs.add(
                new TrustRecords.RevokedJob(other, "44444444-4444-4444-4444-444444444444", Optional.of(ID_A), at));
        profileRevocations.add(new ProfileRevocation(
                other, "theirs", "AAAAAAAAAA", at, at, "arn:aws:iam::" + other + ":user/admin", "r"));

        TrustMaterial material = material();

        assertThat(material.revocationList().signatures())
                .containsExactly(new RevokedSignature(
                        ID_A, ARNS.inAccount(other).signingJob("44444444-4444-4444-4444-444444444444"), at));
        assertThat(material.revocationList().profileVersions())
                .containsExactly(new RevokedProfileVersion(
                        "arn:aws:signer:us-east-1:" + other + ":/signing-profiles/theirs/AAAAAAAAAA", at, at));
    }

    @Test
    void revokedProfileVersionsAreListedWithTheirEffectiveTimes() {
        Instant effective = Instant.parse("2026-10-01T00:00:00Z");
        Instant revoked = Instant.parse("2026-11-01T00:00:00Z");
        profileRevocations.add(new ProfileRevocation(
                "000000000000", "app", "AAAAAAAAAA", effective, revoked, "arn:aws:iam::000000000000:user/admin", "r"));

        assertThat(material().revocationList().profileVersions())
                .containsExactly(
                        new RevokedProfileVersion(ARNS.signingProfileVersion("app", "AAAAAAAAAA"), effective, revoked));
    }

    @Test
    void revokedVersionsSpareOnlyTheirOwnSignaturesRecordedBeforeTheEffectiveTime() {
        Instant effective = Instant.parse("2026-10-01T00:00:00Z");
        Instant revoked = Instant.parse("2026-11-01T00:00:00Z");
        String admin = "arn:aws:iam::000000000000:user/admin";
        profileRevocations.add(
                new ProfileRevocation("000000000000", "iot", "AAAAAAAAAA", effective, revoked, admin, "r"));
        profileRevocations.add(
                new ProfileRevocation("000000000000", "app", "BBBBBBBBBB", effective, revoked, admin, "r"));
        String idC = "cc".repeat(32);
        spared.add(
                new TrustRecords.SparedSignature("000000000000", "iot", "AAAAAAAAAA", ID_B, effective.minusMillis(1)));
        spared.add(new TrustRecords.SparedSignature(
                "000000000000", "iot", "AAAAAAAAAA", ID_A, effective.minusSeconds(60)));
        // the records answered with an older effective time: at the effective time is not before it
        spared.add(new TrustRecords.SparedSignature("000000000000", "iot", "AAAAAAAAAA", idC, effective));
        // another account's version of the same name is another version
        spared.add(
                new TrustRecords.SparedSignature("111111111111", "app", "BBBBBBBBBB", idC, effective.minusSeconds(1)));

        TrustMaterial material = material();

        assertThat(askedPlatforms).containsExactly("AmazonFreeRTOS-Default");
        assertThat(material.revocationList().profileVersions())
                .containsExactly(
                        new RevokedProfileVersion(ARNS.signingProfileVersion("app", "BBBBBBBBBB"), effective, revoked),
                        new RevokedProfileVersion(
                                ARNS.signingProfileVersion("iot", "AAAAAAAAAA"),
                                effective,
                                revoked,
                                List.of(ID_A, ID_B)));
    }

    @Test
    void onlyPlatformsWhoseFormatProvesNoSigningTimeAreAskedFor() {
        Set<String> platforms = TrustMaterial.platformsWithoutSigningTime(PlatformRegistry.builtIn());
        assertThat(platforms)
                .contains("AmazonFreeRTOS-Default", "AmazonFreeRTOS-TI-CC3220SF", "AWSIoTDeviceManagement-SHA256-ECDSA")
                .doesNotContain("Signet-CMS-SHA256-ECDSA", "AWSLambda-SHA384-ECDSA", "Notation-OCI-SHA384-ECDSA");
        for (String id : platforms) {
            assertThat(SignatureFormats.forPlatform(id).orElseThrow().provesSigningTime())
                    .isFalse();
        }
    }

    static TrustRecords.ImportedChain chain(String arn, List<X509Certificate> chain) {
        return new TrustRecords.ImportedChain(arn, CertificatePem.encode(chain));
    }
}
