package org.cdnbilling.overdue;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.cdnbilling.metrics.ClusterGauge;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Overdue accounts in Prometheus, for the whole cluster (org.cdnbilling.metrics): {@code cdn_accounts_in_debt}
 * (open debts not settled), {@code cdn_accounts_overdue} (of those, grace over), {@code cdn_accounts_low_balance}
 * (Alibaba's low-balance alert, {@link LowBalance}), {@code cdn_services_suspended}, {@code cdn_overdue_incidents}
 * (suspend or resume steps whose retries ran out).
 */
@Configuration(proxyBeanMethods = false)
class OverdueGauges {

    @Bean
    ClusterGauge accountsInDebt(Debts debts) {
        return new ClusterGauge("cdn.accounts.in.debt", "Accounts with an open debt not yet settled",
                debts::countInDebt);
    }

    @Bean
    ClusterGauge accountsOverdue(Debts debts) {
        return new ClusterGauge("cdn.accounts.overdue", "Accounts in debt whose grace period is over",
                debts::countOverdue);
    }

    @Bean
    ClusterGauge accountsLowBalance(LowBalance lowBalance) {
        return new ClusterGauge("cdn.accounts.low.balance",
                "Accounts whose balance will not cover their next three hourly bills or next daily bill",
                lowBalance::countLow);
    }

    @Bean
    ClusterGauge servicesSuspended(JdbcTemplate jdbc) {
        return new ClusterGauge("cdn.services.suspended", "CDN services suspended for an overdue payment",
                () -> jdbc.queryForObject("select count(*) from cdn_service where status = 'SUSPENDED'", Long.class));
    }

    @Bean
    ClusterGauge overdueIncidents(ObjectProvider<RuntimeService> runtime) {
        return new ClusterGauge("cdn.overdue.incidents", "Overdue instances whose suspend or resume step ran out of retries",
                () -> runtime.getObject().createIncidentQuery().processDefinitionKeyIn(OverdueProcess.PROCESS_KEY)
                        .incidentType(Incident.FAILED_JOB_HANDLER_TYPE).count());
    }
}
