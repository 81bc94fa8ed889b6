-- Tickets already green when tickets.to_bill arrived: each may owe a bill. The first
-- `bill --all` after the upgrade reads them all once (as every run did before) and
-- clears the mark of each; later runs read only the tickets marked since.
UPDATE `tickets` SET `to_bill` = 1 WHERE `status` = 'resolved';
