package dev.signet.server.metrics;

/**
 * The database connection pool at one moment.
 *
 * @param active connections lent out
 * @param idle connections open and free
 * @param max the most the pool opens
 * @param waiting threads waiting for a connection
 */
public record PoolUse(int active, int idle, int max, int waiting) {}
