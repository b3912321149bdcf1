package org.cdnbilling.overdue;

/** Names shared by {@code processes/cdn-overdue.bpmn}, its delegates and its tests. */
public final class OverdueProcess {

    public static final String PROCESS_KEY = "cdn-overdue";
    public static final String RESOURCE = "processes/cdn-overdue.bpmn";
    public static final String MESSAGE_DEBT_SETTLED = "DebtSettled";

    public static final String VAR_OWNER_ID = "ownerId";
    public static final String VAR_DEBT_ID = "debtId";
    public static final String VAR_GRACE_ENDS_AT = "graceEndsAt";
    public static final String VAR_SETTLED = "settled";

    public static final String GATEWAY_GRACE_OR_SETTLED = "Gateway_GraceOrSettled";
    public static final String EVENT_SETTLED_IN_GRACE = "Event_SettledInGrace";
    public static final String TIMER_GRACE_OVER = "Timer_GraceOver";
    public static final String TASK_CLOSE_DEBT = "Task_CloseDebt";
    public static final String TASK_MARK_OVERDUE = "Task_MarkOverdue";
    public static final String TASK_SUSPEND = "Task_SuspendService";
    public static final String TASK_CHECK_SETTLEMENT = "Task_CheckSettlement";
    public static final String EVENT_WAIT_FOR_SETTLEMENT = "Event_DebtSettled";
    public static final String TASK_RESUME = "Task_ResumeService";
    public static final String END_SETTLED_IN_GRACE = "EndEvent_SettledInGrace";
    public static final String END_RESUMED = "EndEvent_ServiceResumed";

    private OverdueProcess() {
    }
}
