-- No statement filters the change log by partnership (the partner feed scans it by position, its OR with the publisher
-- rules out an index union), so this index only cost every change-log write an extra B-tree insert.
DROP INDEX ix_changes_partnership;
