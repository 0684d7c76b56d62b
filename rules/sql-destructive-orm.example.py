from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from shop.models import Order

engine = create_engine("sqlite:///shop.db")


def purge_orders(customer: str) -> None:
    with Session(engine) as session:
        # expect: sql-destructive-orm
        session.query(Order).delete()
        # ok: sql-destructive-orm
        session.query(Order).filter(Order.customer == customer).delete()
        # expect: sql-destructive-orm
        session.query(Order).update({"archived": True})
        session.commit()


def reset(customer: str) -> None:
    # expect: sql-destructive-orm
    Order.objects.all().delete()
    # ok: sql-destructive-orm
    Order.objects.filter(customer=customer).delete()
    # expect: sql-destructive-orm
    Order.objects.update(archived=True)
    # ok: sql-destructive-orm
    Order.objects.filter(customer=customer).update(archived=True)
