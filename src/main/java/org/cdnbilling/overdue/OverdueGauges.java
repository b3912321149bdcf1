package org.cdnbilling.overdue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Overdue accounts in Prometheus, counted in the database at each scrape (every node reports the whole cluster):
 * {@code cdn_accounts_in_debt} (open debts not settled), {@code cdn_accounts_overdue} (of those, grace over),
 * {@code cdn_accounts_low_balance} (Alibaba's low-balance alert, {@link LowBalance}), {@code cdn_services_suspended}, {@code cdn_overdue_incidents} (suspend or resume steps whose retries ran out).
 */
@Component
class OverdueGauges implements MeterBinder {

    private final Debts debts;
    private final LowBalance lowBalance;
    private final JdbcTemplate jdbc;
    private final ObjectProvider<RuntimeService> runtime;

    OverdueGauges(Debts debts, LowBalance lowBalance, JdbcTemplate jdbc, ObjectProvider<RuntimeService> runtime) {
        this.debts = debts;
        this.lowBalance = lowBalance;
        this.jdbc = jdbc;
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cdn.accounts.in.debt", debts, Debts::countInDebt)
                .description("Accounts with an open debt not yet settled, all nodes together")
                .strongReference(true).register(registry);
        Gauge.builder("cdn.accounts.overdue", debts, Debts::countOverdue)
                .description("Accounts in debt whose grace period is over, all nodes together")
                .strongReference(true).register(registry);
        Gauge.builder("cdn.accounts.low.balance", lowBalance, LowBalance::countLow)
                .description("Accounts whose balance will not cover their next three hourly bills or next daily bill")
                .strongReference(true).register(registry);
        Gauge.builder("cdn.services.suspended", this, OverdueGauges::suspendedServices)
                .description("CDN services suspended for an overdue payment")
                .strongReference(true).register(registry);
        Gauge.builder("cdn.overdue.incidents", this, OverdueGauges::incidents)
                .description("Overdue instances whose suspend or resume step ran out of retries")
                .strongReference(true).register(registry);
    }

    private long suspendedServices() {
        return jdbc.queryForObject("select count(*) from cdn_service where status = 'SUSPENDED'", Long.class);
    }

    private long incidents() {
        return runtime.getObject().createIncidentQuery().processDefinitionKeyIn(OverdueProcess.PROCESS_KEY)
                .incidentType(Incident.FAILED_JOB_HANDLER_TYPE).count();
    }
}
