package org.cdnbilling.migration;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An activity of a source version that has instances: how many, with how many incidents, and the target activity
 * a migration instruction maps it to ({@code null}: none, the plan cannot migrate these instances).
 */
public record ActivityPreview(String activityId, long instances, long incidents,
        @JsonInclude(JsonInclude.Include.ALWAYS) String mappedTo) {
}
