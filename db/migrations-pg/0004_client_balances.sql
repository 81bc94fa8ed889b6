CREATE TABLE "client_balances" (
	"client_id" bigint PRIMARY KEY NOT NULL,
	"balance_minutes" integer NOT NULL
);
