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
