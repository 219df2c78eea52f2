-- Gates 2 and 5 look records up by a field of their body: the supply a
-- disinfection or a storage is for, and until when a meal sample is kept.
-- Partial expression indexes keep those lookups to the few records that
-- match, so the pending supplies and the samples held are found without
-- reading every supply or sample record of the period.
CREATE INDEX records_supply_disinfected ON records (json_extract(body, '$.supply'), seq) WHERE kind = 'supply.disinfected';
CREATE INDEX records_supply_stored ON records (json_extract(body, '$.supply')) WHERE kind = 'supply.stored';
CREATE INDEX records_sample_until ON records (json_extract(body, '$.retain_until')) WHERE kind = 'food.sample';
