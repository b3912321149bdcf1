package org.cdnbilling.activation;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the job executor picks up the jobs this node creates. Camunda wakes its acquisition thread for every
 * job a transaction commits; the thread then waits {@code gatherNewJobsFor} before it acquires, so that one
 * acquisition (a query, a lock update per job and a commit) takes the jobs of the requests of that moment
 * instead of one each. It adds at most that much to the time from an accepted call until its service is
 * opened. {@code 0ms} acquires at once, as Camunda does.
 *
 * @param gatherNewJobsFor how long the acquisition thread waits, once woken by a new job, before it acquires
 */
@Validated
@ConfigurationProperties("cdn.job-acquisition")
public record JobAcquisitionSettings(@NotNull @DefaultValue("20ms") Duration gatherNewJobsFor) {
}
