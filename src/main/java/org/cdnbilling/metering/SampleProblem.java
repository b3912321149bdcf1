package org.cdnbilling.metering;

/** Why the sample at {@code index} (0-based, in the posted batch) cannot be taken. */
public record SampleProblem(int index, String reason) {
}
