package org.cdnbilling.metering;

/** What became of a posted batch: samples stored now, and samples already stored with the same values. */
public record IngestResult(int accepted, int duplicates) {
}
