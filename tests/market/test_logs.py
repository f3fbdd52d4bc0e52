import logging

from market.logs import install, mask_niks


def test_a_nik_never_reaches_a_log_line(caplog):
    install()
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        logging.getLogger("tortoise.db_client").debug("INSERT INTO member VALUES (%s, %s)", "Maria", "3201014507850001")
    assert "3201014507850001" not in caplog.text
    assert "3201********0001" in caplog.text


def test_mask_leaves_other_numbers_alone():
    assert mask_niks("order 12345 paid Rp 150000") == "order 12345 paid Rp 150000"
    assert mask_niks("a 17-digit 32010145078500011 stays") == "a 17-digit 32010145078500011 stays"


def _access_handler():
    import io

    from uvicorn.logging import AccessFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False))
    return stream, handler


def test_an_access_line_for_a_url_holding_a_nik_is_written_masked(capsys):
    # given uvicorn's own access logger and formatter, as `market serve` configures them
    install()
    stream, handler = _access_handler()
    access = logging.getLogger("uvicorn.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        # when uvicorn logs a request whose path holds a 16-digit run (its own call, its own args)
        access.info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:50000",
            "GET",
            "/api/v1/cooperatives/5309200809860001x/members",
            "1.1",
            404,
        )
    finally:
        access.removeHandler(handler)
    # then the line is there, masked, and logging did not fail
    assert (
        stream.getvalue()
        == '127.0.0.1:50000 - "GET /api/v1/cooperatives/5309********0001x/members HTTP/1.1" 404 Not Found\n'
    )
    assert "Logging error" not in capsys.readouterr().err


def test_a_record_keeps_its_shape_when_masked():
    install()
    logger = logging.getLogger("uvicorn.access")
    record = logger.makeRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:1", "GET", "/x/3201014507850001", "1.1", 200),
        None,
    )
    assert record.args == ("1.2.3.4:1", "GET", "/x/3201********0001", "1.1", 200)
    by_name = logger.makeRecord(
        "x", logging.INFO, __file__, 1, "%(nik)s %(n)d", ({"nik": "3201014507850001", "n": 5},), None
    )
    assert by_name.getMessage() == "3201********0001 5"
    listed = logger.makeRecord(
        "x", logging.DEBUG, __file__, 1, "%s: %s", ("INSERT ?", ["Maria", "3201014507850001"]), None
    )
    assert listed.getMessage() == "INSERT ?: ['Maria', '3201********0001']"


def test_a_traceback_holding_a_nik_is_masked(caplog, capsys):
    # given a handler with uvicorn's default formatter on its error logger
    import io

    from uvicorn.logging import DefaultFormatter

    install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(DefaultFormatter("%(levelprefix)s %(message)s", use_colors=False))
    error_log = logging.getLogger("uvicorn.error")
    error_log.addHandler(handler)
    try:
        # when an exception whose text carries a NIK is logged with its traceback
        try:
            raise ValueError("member with NIK 5309200809860001 not found")
        except ValueError:
            error_log.exception("Exception in ASGI application for %s", "/api/v1/members/5309200809860001")
    finally:
        error_log.removeHandler(handler)
    # then neither the message nor the traceback shows it
    written = stream.getvalue() + caplog.text
    assert "Traceback (most recent call last)" in written
    assert "ValueError: member with NIK 5309********0001 not found" in written
    assert "5309200809860001" not in written
    assert "5309200809860001" not in capsys.readouterr().err
