CREATE TABLE "client_ticket_counts" (
	"client_id" bigint NOT NULL,
	"status" text NOT NULL,
	"tickets" integer NOT NULL,
	CONSTRAINT "client_ticket_counts_client_id_status_pk" PRIMARY KEY("client_id","status")
);
--> statement-breakpoint
CREATE INDEX "tickets_client_status_queued" ON "tickets" USING btree ("client_id","status","queued_at");