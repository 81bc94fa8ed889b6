-- docs/client-space.md: a client's e-mail is its first contact, whichever way the client is recorded (clients add,
-- credits import, demo). An address another contact already holds stays on the client only, as in 0008
-- (receipts still reach it); clients add refuses such an address before it gets here.
CREATE TRIGGER `clients_first_contact` AFTER INSERT ON `clients` WHEN trim(coalesce(NEW.email, '')) <> ''
BEGIN
  INSERT OR IGNORE INTO `contacts` (`client_id`, `email`, `language`, `created_at`) VALUES (NEW.id, trim(NEW.email), NEW.language, NEW.created_at);
END;
