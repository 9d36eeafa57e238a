select 'd' as document_id, 1 as fact_seq, 'three_public' as fact,
    '公务接待费' as label, 9.32 as value, '万元' as unit, -4.5 as change_value,
    '公务接待费9.32万元，比上年减少4.5万元' as sentence, 7 as page
union all
select 'd', 2, 'three_public', '因公出国（境）费', 0.00, '万元', 0.00,
    '因公出国（境）费0.00万元，增加0.00万元', 7