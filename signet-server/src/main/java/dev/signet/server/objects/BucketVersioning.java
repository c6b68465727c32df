package dev.signet.server.objects;

/** A bucket's versioning state, as S3 reports it: never set, Enabled or Suspended. */
public enum BucketVersioning {
    UNVERSIONED,
    ENABLED,
    SUSPENDED
}
