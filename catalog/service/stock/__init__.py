"""Stock: adjust with a reason, reserve, release, take. The only code that moves stock.

Every move is one conditional UPDATE whose WHERE clause states the invariant it keeps
(``stock - reserved >= n`` to reserve, ``reserved >= n`` to release or take,
``stock + delta >= reserved`` to adjust), so it cannot drive a count below zero on SQLite or
PostgreSQL. No row lock is taken and none is needed: on PostgreSQL concurrent UPDATEs of one row
queue on the row and re-check the WHERE clause against the committed value; on SQLite one writer
runs at a time. Zero rows updated means the stock was not there.

Reservations carry the caller's reference (``order:12:line:3``); reserving, releasing or taking
the same reference again returns the first result instead of moving stock twice. A
reservation's status moves held → released or held → taken by a conditional UPDATE too, so two
concurrent releases cannot both give the units back.

The batch moves (reserve_many, finish_many) are the exception to the no-lock rule on
PostgreSQL: they change many rows in one UPDATE, so they first lock those rows in id order and
two batches that share products queue instead of deadlocking.

availability.py reads the counts (stock_of, offers); adjustments.py moves stock on hand
(adjust_stock, set_stock, receive_stock) and catalog.service.stock_books books those changes in the cooperative's
book; reservations.py holds, releases and takes (reserve, reserve_many,
release, take, finish_many).
"""

from catalog.service.stock.adjustments import adjust_stock, receive_stock, set_stock
from catalog.service.stock.availability import offers, offers_beside, stock_of
from catalog.service.stock.reservations import finish_many, release, reserve, reserve_many, take
