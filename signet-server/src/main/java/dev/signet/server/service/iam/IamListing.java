package dev.signet.server.service.iam;

import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of an IAM listing ordered by lower-cased name (ListUsers, ListRoles, ListPolicies): the
 * caller's marker opened for this listing's {@code fingerprint} (a marker of another listing or other
 * filters is IAM's ValidationError), one row more than the page asked for to know whether another
 * follows, and the marker of the next page.
 */
final class IamListing {
    private IamListing() {}

    record Page<T>(List<T> items, Optional<String> marker) {}

    /** Reads at most {@code limit} rows after the given name (empty: from the start). */
    @FunctionalInterface
    interface Rows<T> {
        List<T> after(Optional<String> name, int limit);
    }

    static <T> Page<T> page(
            PageTokens markers,
            String fingerprint,
            Optional<String> marker,
            int limit,
            String sameWhat,
            Rows<T> rows,
            Function<T, String> name) {
        Optional<String> after;
        try {
            after = markers.open(fingerprint, marker);
        } catch (ServiceException e) {
            throw IamErrors.validation(
                    "marker",
                    marker.orElse(""),
                    "Member must be a marker this listing returned, for the same " + sameWhat);
        }
        List<T> page = rows.after(after, limit + 1);
        if (page.size() <= limit) {
            return new Page<>(page, Optional.empty());
        }
        List<T> shown = page.subList(0, limit);
        String last = name.apply(shown.get(limit - 1)).toLowerCase(Locale.ROOT);
        return new Page<>(shown, Optional.of(markers.issue(fingerprint, last)));
    }
}
