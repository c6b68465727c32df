package dev.signet.server.service.oidc;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.iam.IamValidation;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM's OpenID Connect provider operations in the caller's account: Create (EntityAlreadyExists for
 * a URL already registered, LimitExceeded past 100 providers), Get, List, Delete (idempotent, as
 * IAM's), AddClientIDTo / RemoveClientIDFrom, UpdateThumbprint. Every input is checked by {@link
 * OidcValidation} before anything changes; an ARN of another account is NoSuchEntity. The providers
 * are what AssumeRoleWithWebIdentity trusts ({@link WebIdentityTokens}).
 */
public final class OidcProviderService {
    static final int MAX_PROVIDERS = 100;

    private final OidcProviderRepository providers;
    private final String partition;
    private final Clock clock;

    public OidcProviderService(OidcProviderRepository providers, String partition, Clock clock) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.partition = Objects.requireNonNull(partition, "partition");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A provider and its ARN. */
    public record Described(OidcProvider provider, String arn) {}

    public Described create(
            Caller caller, String url, List<String> clientIds, List<String> thumbprints, Map<String, String> tags) {
        OidcValidation.Url checked = OidcValidation.url(url);
        List<String> ids = OidcValidation.clientIds(clientIds);
        List<String> prints = OidcValidation.thumbprints(thumbprints);
        Map<String, String> checkedTags = IamValidation.tags(tags);
        if (providers.count(caller.accountId()) >= MAX_PROVIDERS) {
            throw new ServiceException(
                    "LimitExceeded", 409, "Cannot exceed quota for OpenIdConnectProvidersPerAccount: " + MAX_PROVIDERS);
        }
        OidcProvider provider = new OidcProvider(
                caller.accountId(),
                checked.key(),
                checked.url(),
                ids,
                prints,
                checkedTags,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!providers.create(provider)) {
            throw new ServiceException(
                    "EntityAlreadyExists", 409, "Provider with url " + checked.url() + " already exists.");
        }
        return new Described(provider, provider.arn(partition));
    }

    public Described get(Caller caller, String arn) {
        return new Described(existing(caller, arn), arn);
    }

    /** The ARNs of the account's providers. */
    public List<String> list(Caller caller) {
        return providers.list(caller.accountId()).stream()
                .map(p -> p.arn(partition))
                .toList();
    }

    public void delete(Caller caller, String arn) {
        providers.delete(caller.accountId(), OidcValidation.providerKey(arn, caller.accountId()));
    }

    public void addClientId(Caller caller, String arn, String clientId) {
        String key = OidcValidation.providerKey(arn, caller.accountId());
        OidcValidation.clientId(clientId);
        switch (providers.addClientId(caller.accountId(), key, clientId, OidcValidation.MAX_CLIENT_IDS)) {
            case ADDED, ALREADY_THERE -> {}
            case LIMIT_REACHED -> throw OidcValidation.tooManyClientIds();
            case NO_PROVIDER -> throw OidcValidation.notFound(arn);
        }
    }

    public void removeClientId(Caller caller, String arn, String clientId) {
        String key = OidcValidation.providerKey(arn, caller.accountId());
        OidcValidation.clientId(clientId);
        if (!providers.removeClientId(caller.accountId(), key, clientId)) {
            throw OidcValidation.notFound(arn);
        }
    }

    public void updateThumbprint(Caller caller, String arn, List<String> thumbprints) {
        String key = OidcValidation.providerKey(arn, caller.accountId());
        if (thumbprints.isEmpty()) {
            throw new ServiceException(
                    "ValidationError",
                    400,
                    "1 validation error detected: Value null at 'thumbprintList' failed to satisfy constraint:"
                            + " Member must not be null");
        }
        if (!providers.replaceThumbprints(caller.accountId(), key, OidcValidation.thumbprints(thumbprints))) {
            throw OidcValidation.notFound(arn);
        }
    }

    /** The provider registered for {@code issuer} (a token's {@code iss}) in the account, if any. */
    public Optional<Described> forIssuer(String accountId, String issuer) {
        OidcValidation.Url checked;
        try {
            checked = OidcValidation.url(issuer);
        } catch (ServiceException e) {
            return Optional.empty();
        }
        return providers
                .find(accountId, checked.key())
                .filter(p -> p.url().equals(checked.url()))
                .map(p -> new Described(p, p.arn(partition)));
    }

    private OidcProvider existing(Caller caller, String arn) {
        return providers
                .find(caller.accountId(), OidcValidation.providerKey(arn, caller.accountId()))
                .orElseThrow(() -> OidcValidation.notFound(arn));
    }
}
