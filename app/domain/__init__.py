"""Plain domain objects: dataclasses and enums, no ORM and no Qt."""
