package org.cdnbilling.gateway;

import io.github.bucket4j.Bandwidth;
import java.time.Duration;

/**
 * One user's budget for one action: {@code calls} calls in each {@code period} ({@code Throttling.User}).
 *
 * @param key names the user, the action and the limit, so that a changed limit starts with a fresh budget
 * @param bandwidth the same limit as a Bucket4j bandwidth, for the buckets kept in memory
 */
record CallLimit(String key, int calls, Duration period, Bandwidth bandwidth) {
}
