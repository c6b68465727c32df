package dev.signet.server.http.s3;

import dev.signet.server.http.HttpDates;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStoreException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * S3's conditional requests: If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since on
 * GetObject and HeadObject, and their {@code x-amz-copy-source-if-*} twins on a copy source. As S3
 * does, a true If-Match overrides a false If-Unmodified-Since, and a false If-None-Match overrides a
 * true If-Modified-Since. Dates compare at whole seconds (Last-Modified's precision); a date that
 * does not parse is ignored.
 */
record Preconditions(
        Optional<String> ifMatch,
        Optional<String> ifNoneMatch,
        Optional<Instant> ifModifiedSince,
        Optional<Instant> ifUnmodifiedSince) {

    /** What a failed condition means for the response. */
    enum Outcome {
        PASS,
        NOT_MODIFIED,
        FAILED
    }

    static Preconditions of(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {
        return new Preconditions(
                Optional.ofNullable(ifMatch),
                Optional.ofNullable(ifNoneMatch),
                HttpDates.parse(ifModifiedSince),
                HttpDates.parse(ifUnmodifiedSince));
    }

    Outcome evaluate(ObjectInfo info) {
        Instant modified = info.lastModified().truncatedTo(ChronoUnit.SECONDS);
        boolean matchGiven = ifMatch.isPresent();
        if (matchGiven && !matches(ifMatch.get(), info.etag())) {
            return Outcome.FAILED;
        }
        if (!matchGiven && ifUnmodifiedSince.isPresent() && modified.isAfter(ifUnmodifiedSince.get())) {
            return Outcome.FAILED;
        }
        if (ifNoneMatch.isPresent()) {
            return matches(ifNoneMatch.get(), info.etag()) ? Outcome.NOT_MODIFIED : Outcome.PASS;
        }
        if (ifModifiedSince.isPresent() && !modified.isAfter(ifModifiedSince.get())) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PASS;
    }

    /** For a copy source, any failed condition is PreconditionFailed. */
    void requireForCopy(ObjectInfo info) throws ObjectStoreException {
        if (evaluate(info) != Outcome.PASS) {
            throw failed();
        }
    }

    static ObjectStoreException failed() {
        return new ObjectStoreException(
                "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    }

    /** An entity-tag list ({@code "a", "b"} or {@code *}) against an ETag, quotes and W/ ignored. */
    private static boolean matches(String list, String etag) {
        for (String candidate : list.split(",")) {
            String c = candidate.strip();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1);
            }
            if (c.equalsIgnoreCase(etag)) {
                return true;
            }
        }
        return false;
    }
}
