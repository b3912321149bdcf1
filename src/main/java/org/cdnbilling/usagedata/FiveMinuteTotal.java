package org.cdnbilling.usagedata;

import java.math.BigInteger;
import java.time.Instant;

/** One 5-minute interval of an account's usage over the regions asked for: bytes and peakBps summed. */
record FiveMinuteTotal(Instant start, BigInteger bytes, BigInteger peakBps) {
}
