package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.TimeZone;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.calendar.CycleBusinessCalendar;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.cdnbilling.support.DemoApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The billing run's cron is evaluated in UTC although this JVM's default time zone is India's (UTC+05:30, set
 * before the application starts; the test has a JVM of its own): Camunda's own cycle calendar would put
 * {@code 0 30 1 * * ?} at 01:30 in India, 20:00 UTC.
 */
@DemoApplicationTest
@TestPropertySource(properties = "cdn.billing.schedule=0 30 1 * * ?")
class BillingScheduleInUtcTest {

    private static final TimeZone INDIA = TimeZone.getTimeZone("Asia/Kolkata");

    static {
        TimeZone.setDefault(INDIA);
    }

    @Autowired
    ManagementService management;

    @Autowired
    ProcessEngine engine;

    @Test
    void theRunsTimerIsDueAtTheCronsTimeInUtc() {
        assertThat(TimeZone.getDefault()).isEqualTo(INDIA);
        Job timer = management.createJobQuery().timers().processDefinitionKey("cdn-billing-run").singleResult();

        ZonedDateTime due = timer.getDuedate().toInstant().atZone(ZoneOffset.UTC);
        assertThat(due.getHour()).isEqualTo(1);
        assertThat(due.getMinute()).isEqualTo(30);
        assertThat(due.getSecond()).isZero();
        assertThat(due.toInstant()).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(24 * 3600));
    }

    @Test
    void everyCycleTheEngineComputesIsInUtcWhereCamundasOwnWouldFollowTheJvmsZone() {
        Date start = Date.from(Instant.parse("2026-12-01T12:00:00Z"));
        var calendar = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getBusinessCalendarManager().getBusinessCalendar(CycleBusinessCalendar.NAME);

        assertThat(calendar.resolveDuedate("0 30 1 * * ?", start).toInstant())
                .isEqualTo(Instant.parse("2026-12-02T01:30:00Z"));
        assertThat(calendar.resolveDuedate("0 0/10 * * * ?", start).toInstant())
                .isEqualTo(Instant.parse("2026-12-01T12:10:00Z"));
        assertThat(new CycleBusinessCalendar().resolveDuedate("0 30 1 * * ?", start).toInstant())
                .as("Camunda's own calendar, in this JVM's zone").isEqualTo(Instant.parse("2026-12-01T20:00:00Z"));
        assertThat(calendar.resolveDuedate("R2/2026-12-01T12:00:00Z/PT10M", start).toInstant())
                .as("an ISO 8601 cycle, left to Camunda").isEqualTo(Instant.parse("2026-12-01T12:10:00Z"));
    }
}
