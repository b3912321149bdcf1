package org.cdnbilling.accesskey;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AccessKeys extends JpaRepository<AccessKey, String> {

    /** The account's keys numbered above {@code after}, in number order, at most {@code limit} (ix_access_key_owner_id). */
    List<AccessKey> findByOwnerIdAndNumberGreaterThanOrderByNumberAsc(long ownerId, long after, Limit limit);

    Optional<AccessKey> findByAccessKeyIdAndOwnerId(String accessKeyId, long ownerId);
}
