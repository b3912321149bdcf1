package org.cdnbilling.engine;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.calendar.CycleBusinessCalendar;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.scheduling.support.CronExpression;

/**
 * Camunda's cycle calendar, but a cron expression is evaluated in UTC: Camunda's own (CronTimer) evaluates it in
 * the JVM's default time zone, so {@code 0 0 1 * * ?} would fire at 01:00 wherever the host thinks it is. ISO 8601
 * repeating intervals ({@code R...}) carry their own offset and are left to Camunda. The cron syntax is Spring's
 * (seconds field first, {@code ?} allowed), the one Camunda parses (cron-utils' SPRING53 definition).
 */
class UtcCycleBusinessCalendar extends CycleBusinessCalendar {

    @Override
    public Date resolveDuedate(String duedateDescription, Date startDate, long repeatOffset) {
        if (duedateDescription.startsWith("R")) {
            return super.resolveDuedate(duedateDescription, startDate, repeatOffset);
        }
        Date after = startDate == null ? ClockUtil.getCurrentTime() : startDate;
        try {
            ZonedDateTime next = CronExpression.parse(duedateDescription)
                    .next(after.toInstant().atZone(ZoneOffset.UTC));
            return next == null ? after : Date.from(next.toInstant());
        } catch (IllegalArgumentException e) {
            throw new ProcessEngineException("Cannot parse the cron expression '" + duedateDescription + "'", e);
        }
    }
}
