package dev.signet.server.service.platform;

import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.util.List;
import java.util.Optional;

/**
 * {@code ListSigningPlatforms} and {@code GetSigningPlatform} over the platform registry. Filters
 * match exactly; pages follow the registry's order.
 */
public final class SigningPlatformService {
    private static final int DEFAULT_PAGE = 25;

    private final PlatformRegistry registry;
    private final PageTokens pageTokens;

    public SigningPlatformService(PlatformRegistry registry, PageTokens pageTokens) {
        this.registry = registry;
        this.pageTokens = pageTokens;
    }

    public SigningPlatform get(String platformId) {
        Validation.require("platformId", platformId);
        return registry.find(platformId)
                .orElseThrow(() -> ServiceException.notFound(
                        "signing platform " + Validation.printable(platformId) + " does not exist"));
    }

    public PlatformPage list(
            Optional<String> category,
            Optional<String> partner,
            Optional<String> target,
            Optional<Integer> maxResults,
            Optional<String> nextToken) {
        Validation.maxResults(maxResults);
        String fingerprint = "platforms|" + category.orElse("") + "|" + partner.orElse("") + "|" + target.orElse("");
        int offset =
                pageTokens.open(fingerprint, nextToken).map(Integer::parseInt).orElse(0);
        List<SigningPlatform> matching = registry.all().stream()
                .filter(p -> category.isEmpty() || category.get().equals(p.category()))
                .filter(p -> partner.isEmpty() || partner.get().equals(p.partner()))
                .filter(p -> target.isEmpty() || target.get().equals(p.target()))
                .toList();
        int limit = maxResults.orElse(DEFAULT_PAGE);
        int from = Math.min(offset, matching.size());
        int to = Math.min(from + limit, matching.size());
        Optional<String> next = to < matching.size()
                ? Optional.of(pageTokens.issue(fingerprint, Integer.toString(to)))
                : Optional.empty();
        return new PlatformPage(matching.subList(from, to), next);
    }
}
