package org.cdnbilling.billing.run;

/** Names shared by {@code processes/cdn-billing-run.bpmn}, its delegates and its tests. */
public final class BillingRunProcess {

    public static final String PROCESS_KEY = "cdn-billing-run";
    public static final String RESOURCE = "processes/cdn-billing-run.bpmn";

    /** When the run looks at what is due (java.util.Date): every partition bills what was due then. */
    public static final String VAR_DUE_AT = "dueAt";
    public static final String VAR_PARTITION_COUNT = "partitionCount";
    /** The partitions (transient, read by the multi-instance in the transaction that found them). */
    public static final String VAR_PARTITIONS = "partitions";
    /** One partition's accounts, {@code first-last} (an AccountRange). */
    public static final String VAR_PARTITION = "partition";

    public static final String START_SCHEDULE = "StartEvent_BillingSchedule";
    public static final String TASK_FIND_DUE = "Task_FindDueUsage";
    public static final String GATEWAY_ANYTHING_DUE = "Gateway_AnythingDue";
    public static final String SUBPROCESS_BILL_PARTITIONS = "SubProcess_BillPartitions";
    public static final String TASK_BILL_PARTITION = "Task_BillPartition";
    /** The exclusive job after a partition: completions of parallel partitions take turns. */
    public static final String EVENT_PARTITION_BILLED = "Event_PartitionBilled";
    public static final String END_NOTHING_DUE = "EndEvent_NothingDue";
    public static final String END_BILLED = "EndEvent_UsageBilled";

    private BillingRunProcess() {
    }
}
