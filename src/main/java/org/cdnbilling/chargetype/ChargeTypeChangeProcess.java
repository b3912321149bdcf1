package org.cdnbilling.chargetype;

/** Names shared by {@code processes/cdn-charge-type-change.bpmn}, its delegate and its tests. */
public final class ChargeTypeChangeProcess {

    public static final String PROCESS_KEY = "cdn-charge-type-change";
    public static final String RESOURCE = "processes/cdn-charge-type-change.bpmn";

    public static final String VAR_OWNER_ID = "ownerId";
    public static final String VAR_AFFECT_TIME = "changingAffectTime";
    public static final String VAR_CHARGE_TYPE = "changingChargeType";
    public static final String VAR_REQUEST_ID = "requestId";

    public static final String TIMER_UNTIL_AFFECT_TIME = "Timer_UntilNextBillingDay";
    public static final String TASK_APPLY = "Task_ApplyChargeTypeChange";
    public static final String END_APPLIED = "EndEvent_ChargeTypeApplied";

    private ChargeTypeChangeProcess() {
    }
}
