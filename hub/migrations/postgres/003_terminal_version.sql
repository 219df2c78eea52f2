-- The gatepost version each terminal last said it runs (its User-Agent,
-- gatepost/VERSION), shown on the dashboard; '' until it says.
ALTER TABLE terminals ADD COLUMN version text NOT NULL DEFAULT '';
