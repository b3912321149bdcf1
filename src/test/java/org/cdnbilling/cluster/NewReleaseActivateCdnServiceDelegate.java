package org.cdnbilling.cluster;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.activation.ActivateCdnServiceDelegate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The delegate of <i>Activate CDN service</i> in the "new release" of {@code RollingUpgradeTest}: a bean only a node
 * started with {@code cdn.test.new-release=true} has, so a node of the old release that ran a job of the new
 * version would fail it with "Unknown property used in expression". It activates as the real one does.
 */
@Component("newReleaseActivateCdnServiceDelegate")
@ConditionalOnProperty(name = "cdn.test.new-release", havingValue = "true")
class NewReleaseActivateCdnServiceDelegate implements JavaDelegate {

    private final ActivateCdnServiceDelegate activate;

    NewReleaseActivateCdnServiceDelegate(ActivateCdnServiceDelegate activate) {
        this.activate = activate;
    }

    @Override
    public void execute(DelegateExecution execution) {
        activate.execute(execution);
    }
}
