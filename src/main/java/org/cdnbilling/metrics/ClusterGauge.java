package org.cdnbilling.metrics;

import java.util.function.LongSupplier;

/**
 * A number of the whole cluster for Prometheus (stuck orders, accounts in debt, ...), counted in the database.
 * Counted by one node at most once per {@link GaugeSettings#refreshEvery()} into the snapshot that every node's
 * scrape reads ({@link GaugeSnapshot}): a scrape never queries the database.
 *
 * @param name the meter's name (Micrometer's dotted form)
 * @param description what it counts, for Prometheus' {@code HELP}
 * @param count the query; it should use an index, it runs once a minute on one node
 */
public record ClusterGauge(String name, String description, LongSupplier count) {
}
