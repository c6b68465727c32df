package dev.signet.server.service.job;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of {@code ListSigningJobs}, newest first. */
public record JobPage(List<SigningJob> jobs, Optional<String> nextToken) {
    public JobPage {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(nextToken, "nextToken");
    }
}
