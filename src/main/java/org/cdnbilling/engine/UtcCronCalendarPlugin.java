package org.cdnbilling.engine;

import org.camunda.bpm.engine.impl.calendar.CycleBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DueDateBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.DurationBusinessCalendar;
import org.camunda.bpm.engine.impl.calendar.MapBusinessCalendarManager;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Timers and crons in UTC whatever the host's time zone: the engine's calendars are Camunda's, but the cycle
 * calendar evaluates cron expressions in UTC ({@link UtcCycleBusinessCalendar}). A cycle is also evaluated again
 * when it is due, so a changed {@code cdn.billing.schedule} takes effect at the next run, not only for a new
 * deployment.
 */
@Component
class UtcCronCalendarPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        MapBusinessCalendarManager calendars = new MapBusinessCalendarManager();
        calendars.addBusinessCalendar(DurationBusinessCalendar.NAME, new DurationBusinessCalendar());
        calendars.addBusinessCalendar("dueDate", new DueDateBusinessCalendar());
        calendars.addBusinessCalendar(CycleBusinessCalendar.NAME, new UtcCycleBusinessCalendar());
        configuration.setBusinessCalendarManager(calendars);
        configuration.setReevaluateTimeCycleWhenDue(true);
    }
}
