-- What an SMS costs: its encoding (GSM-7 or UCS-2) and segment count, recorded when it is queued.
ALTER TABLE outbox_messages ADD COLUMN sms_encoding VARCHAR(8);
ALTER TABLE outbox_messages ADD COLUMN sms_segments INTEGER;
CREATE INDEX outbox_provider_message ON outbox_messages (provider, provider_message_id);
