package dev.signet.server.service.ca;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.CertificateAuthorityException;
import dev.signet.core.ca.IssuingCa;
import dev.signet.core.ca.RootCa;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.core.tsa.TimestampAuthorityException;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessDeniedException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Renews the deployment's issuing CA, root or time-stamp authority (docs/operations.md, "CA
 * renewal"): {@link CertificateAuthority#renewIssuing}, {@link CertificateAuthority#renewRoot},
 * {@link TimestampAuthority#renew}. Only the bootstrap
 * account may (the CA is the deployment's, not an account's). The renewal runs under the cluster's
 * bootstrap lock after reading the stored CA again, so two nodes never renew from the same state;
 * this node uses the renewed CA at once, the others within their reload interval ({@link
 * CaReloader}).
 */
public final class CaRenewalService {
    /** What a renewal makes. */
    public enum Kind {
        ISSUING,
        ROOT,
        /** A new key and certificate for the time-stamp authority, from the newest issuing CA. */
        TSA
    }

    /**
     * What was made: the new issuing CA (with its chain) and, for a root renewal, the new root; for
     * a TSA renewal no issuing CA and the TSA's new certificate with its chain.
     */
    public record Renewal(
            Kind kind, Optional<IssuingCa> issuing, List<X509Certificate> roots, List<X509Certificate> timestamping) {
        public Renewal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(issuing, "issuing");
            roots = List.copyOf(roots);
            timestamping = List.copyOf(timestamping);
            if (issuing.isPresent() == (kind == Kind.TSA) || timestamping.isEmpty() != (kind != Kind.TSA)) {
                throw new IllegalArgumentException("a " + kind + " renewal makes an issuing CA or a TSA certificate");
            }
        }
    }

    private final CertificateAuthority ca;
    private final TimestampAuthority tsa;
    private final String resourceArn;
    private final String bootstrapAccount;
    private final Consumer<Runnable> exclusively;
    private final Clock clock;

    /**
     * @param exclusively runs its argument while no other node of the deployment renews or creates
     *     the CA (the database's bootstrap lock)
     */
    public CaRenewalService(
            CertificateAuthority ca,
            TimestampAuthority tsa,
            String partition,
            String bootstrapAccount,
            Consumer<Runnable> exclusively,
            Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.tsa = Objects.requireNonNull(tsa, "tsa");
        this.bootstrapAccount = Objects.requireNonNull(bootstrapAccount, "bootstrapAccount");
        this.resourceArn = "arn:" + Objects.requireNonNull(partition, "partition") + ":signet::" + bootstrapAccount
                + ":certificate-authority";
        this.exclusively = Objects.requireNonNull(exclusively, "exclusively");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code arn:PARTITION:signet::BOOTSTRAP:certificate-authority}: what RenewCertificateAuthority acts on. */
    public String resourceArn() {
        return resourceArn;
    }

    /**
     * Makes a new issuing CA, or a new root with its cross certificates and a new issuing CA under
     * it, or a new key and certificate for the time-stamp authority.
     *
     * @throws AccessDeniedException when the caller is not of the bootstrap account
     * @throws ServiceException ServiceUnavailable when the key backend or the store fails (the CA is
     *     then as it was)
     */
    public Renewal renew(Caller caller, Kind kind) {
        Objects.requireNonNull(kind, "kind");
        if (!caller.accountId().equals(bootstrapAccount)) {
            throw new AccessDeniedException("User: " + caller.principalArn()
                    + " is not authorized to perform: signet:RenewCertificateAuthority on resource: " + resourceArn
                    + " because only the deployment's bootstrap account renews its certificate authority");
        }
        Renewal[] made = new Renewal[1];
        try {
            exclusively.accept(() -> {
                // another node may have renewed since this one last looked (the CA first: the TSA's
                // certificate may come from an issuing CA this node has not seen yet)
                ca.reload();
                tsa.reload();
                made[0] = switch (kind) {
                    case TSA -> new Renewal(kind, Optional.empty(), List.of(), tsa.renew(clock.instant()));
                    case ROOT -> {
                        ca.renewRoot(clock.instant());
                        yield new Renewal(kind, Optional.of(newest(ca.issuingCas())), List.of(newestRoot()), List.of());
                    }
                    case ISSUING -> {
                        ca.renewIssuing(clock.instant());
                        yield new Renewal(kind, Optional.of(newest(ca.issuingCas())), List.of(), List.of());
                    }
                };
            });
        } catch (CertificateAuthorityException | TimestampAuthorityException | KeyBackendException e) {
            throw ServiceException.unavailable("cannot renew the certificate authority: " + e.getMessage());
        }
        return made[0];
    }

    private X509Certificate newestRoot() {
        List<RootCa> roots = ca.rootCas();
        return roots.get(roots.size() - 1).certificate();
    }

    private static IssuingCa newest(List<IssuingCa> all) {
        return all.get(all.size() - 1);
    }
}
