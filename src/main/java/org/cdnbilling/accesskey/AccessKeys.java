package org.cdnbilling.accesskey;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AccessKeys extends JpaRepository<AccessKey, String> {

    List<AccessKey> findByOwnerIdOrderByCreatedAtAsc(long ownerId);

    Optional<AccessKey> findByAccessKeyIdAndOwnerId(String accessKeyId, long ownerId);
}
