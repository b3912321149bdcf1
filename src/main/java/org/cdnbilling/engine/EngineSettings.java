package org.cdnbilling.engine;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the engine shares the database pool with callers of the API, and how often a node applies the process
 * versions the operator adopted.
 *
 * @param connectionsReservedForCallers connections of the pool ({@code spring.datasource.hikari.maximum-pool-size})
 *     that jobs can never hold, whatever they wait for: the job executor runs at most pool size minus this many
 *     jobs at once ({@link JobExecutorConfiguration}). Callers may use every connection jobs do not hold; this is
 *     the part they keep when every job thread waits on a hanging backend.
 * @param processVersionsRefresh how often this node reads the adopted process versions and registers the
 *     deployments whose jobs it runs, unregistering any other ({@link ProcessVersions}); an adoption on another
 *     node takes effect here within this time.
 */
@Validated
@ConfigurationProperties("cdn.engine")
public record EngineSettings(@Min(1) @DefaultValue("2") int connectionsReservedForCallers,
        @DefaultValue("PT10S") Duration processVersionsRefresh) {
}
