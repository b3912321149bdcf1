package org.cdnbilling.billing.run;

/** Names shared by {@code processes/cdn-billing-set-aside.bpmn}, its delegate and its tests. */
public final class BillingSetAsideProcess {

    public static final String PROCESS_KEY = "cdn-billing-set-aside";
    public static final String RESOURCE = "processes/cdn-billing-set-aside.bpmn";

    /** The account set aside (Long); the business key is the same OwnerId. */
    public static final String VAR_OWNER_ID = "ownerId";
    /** What the account's rating threw when a partition set it aside. */
    public static final String VAR_REASON = "reason";
    /** The billing run whose partition set it aside. */
    public static final String VAR_RUN_ID = "setAsideByRun";

    public static final String START_SET_ASIDE = "StartEvent_AccountSetAside";
    public static final String TASK_BILL_ACCOUNT = "Task_BillSetAsideAccount";
    public static final String END_BILLED = "EndEvent_AccountBilled";

    private BillingSetAsideProcess() {
    }
}
