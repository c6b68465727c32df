package dev.signet.server.service.job;

/** A signing job's status; names are the model's {@code SigningStatus} values. */
public enum JobStatus {
    InProgress,
    Failed,
    Succeeded
}
