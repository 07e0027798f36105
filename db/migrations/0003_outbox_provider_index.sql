-- Delivery webhooks find their outbox row by the provider's message id.
CREATE INDEX outbox_provider_message ON outbox (provider_message_id);
